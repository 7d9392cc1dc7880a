"""Defib's rules, one per file. Each module holds one `Rule` subclass; the registry finds them."""
