"""Pure rules and value types. Imports only the standard library and small pure-data
libraries (python-stdnum for ID check digits, pypinyin for name readings)."""
