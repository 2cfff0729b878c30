"""Celery tasks: the worker that runs the long cluster installs."""
import os

from celery import Celery

celery = Celery("cdhboot", broker=os.environ.get("CDHBOOT_BROKER", "mongodb://localhost:27017/cdhboot"))


@celery.task
def install_cluster(name):
    return "installing " + name
