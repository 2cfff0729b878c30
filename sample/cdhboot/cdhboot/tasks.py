"""Celery tasks: the worker that runs the long cluster installs."""
from celery import Celery

celery = Celery("cdhboot", broker="mongodb://localhost:27017/cdhboot")


@celery.task
def install_cluster(name):
    return "installing " + name
