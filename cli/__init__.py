"""The command line: `test`, `train` and `report`, made from core/ and report/ (never gui/)."""
