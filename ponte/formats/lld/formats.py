# Ladin (Fassan) writes dates and numbers as Italian does.
from django.conf.locale.it.formats import *  # noqa: F403
