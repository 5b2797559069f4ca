"""HTTP entry points, one routes module per resource."""
