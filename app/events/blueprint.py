from flask import Blueprint

bp = Blueprint("events", __name__, url_prefix="/<lang_code>", template_folder="templates")
