"""Translation backends, one module each; `service.build_translator` picks one from Settings."""
