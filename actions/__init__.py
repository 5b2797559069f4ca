"""The action server: form validation, submission and the bot's side effects.

Runs in the application environment (rasa-sdk) and calls the case backend's service
layer in-process, off the event loop (see backend_gateway).
"""
