# One image for web, worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY pyproject.toml README.md ./
COPY apps ./apps
COPY config ./config
RUN pip install .

COPY . .
# Hashed, compressed copies of every static file in /app/staticfiles, served by gunicorn (WhiteNoise).
# The URLs only satisfy the settings: collectstatic touches neither database nor broker.
RUN DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 STATIC_MANIFEST=1 \
    DEBUG=1 python manage.py collectstatic --noinput

RUN useradd --create-home tracker
USER tracker
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
