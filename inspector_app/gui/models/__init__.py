"""Qt item models over the services' DTOs (model/view: no widget per row)."""
