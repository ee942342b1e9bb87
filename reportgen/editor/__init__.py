"""``reportgen edit``: a local web form that fills the input file (server, form, saving)."""
