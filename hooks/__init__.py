"""MkDocs hooks: thin adapters from MkDocs events to the course tooling."""
