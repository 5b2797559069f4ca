"""Referral bot: Rasa-side Python code (custom channels)."""
