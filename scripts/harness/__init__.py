"""Starting and driving the real stack (Rasa server, action server, backend): shared by
the end-to-end tests and by the scripts that benchmark or develop against a running stack."""
