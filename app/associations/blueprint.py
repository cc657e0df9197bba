from flask import Blueprint

bp = Blueprint("associations", __name__, url_prefix="/<lang_code>", template_folder="templates")
