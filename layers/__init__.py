"""Wangge's domain model and storage: layers, schemas, the project store. No Qt here."""
