#!/usr/bin/python3
"""Serves the Flask app with CherryPy's WSGI server."""
import os

import cherrypy

from cdhboot import app

cherrypy.tree.graft(app, "/")
cherrypy.config.update({
    "server.socket_host": os.environ.get("CDHBOOT_HOST", "0.0.0.0"),
    "server.socket_port": int(os.environ.get("CDHBOOT_PORT", "8080")),
})
cherrypy.engine.start()
cherrypy.engine.block()
