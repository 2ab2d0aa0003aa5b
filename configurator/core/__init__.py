"""The pure core of Skredder: no Qt is ever imported below this package."""
