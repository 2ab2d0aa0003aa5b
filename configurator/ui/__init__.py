"""The Qt user interface (PySide6 is imported only below this package)."""
