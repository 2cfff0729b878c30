#!/usr/bin/python3
"""Serves the Flask app with CherryPy's WSGI server."""
import cherrypy

from cdhboot import app

cherrypy.tree.graft(app, "/")
cherrypy.config.update({"server.socket_host": "0.0.0.0", "server.socket_port": 8080})
cherrypy.engine.start()
cherrypy.engine.block()
