"""PDF building blocks shared by visit sheets, certificates and reports (reportlab)."""
