"""cdhboot: a web UI that boots CDH clusters (the seed story's app)."""
from flask import Flask
from flask_login import LoginManager

app = Flask(__name__)
login = LoginManager(app)


@app.route("/")
def index():
    return "cdhboot"
