"""Writers: pure functions from a render context to the bytes of one output format."""
