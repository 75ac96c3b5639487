"""Tools for running and testing the service locally; never imported by the product."""
