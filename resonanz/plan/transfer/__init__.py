"""Import and export of the communication matrix: spreadsheets in (XLSX, CSV), XLSX, CSV and PDF out."""
