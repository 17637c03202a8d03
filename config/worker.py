"""The Celery worker's own parts: how it reconnects, and what it does once connected.

Work whose message may be lost is sent again as soon as a worker is connected to
the broker, instead of waiting for beat's next round or Redis's visibility
timeout (an hour): photos uploaded while the broker was down, photos of a worker
that was killed, a queue a restarted broker lost.
"""

import functools
import logging

from celery import bootsteps
from celery.worker.consumer import Consumer as CeleryConsumer

logger = logging.getLogger(__name__)

# Celery waits up to 30 s between attempts to reach a broker that went away, so a
# broker back after a long outage could go unnoticed for 30 s; a failed attempt on
# the local network costs a millisecond.
JEDA_SAMBUNG_MAKS = 3.0


class Consumer(CeleryConsumer):
    """Celery's consumer, trying the broker again at most JEDA_SAMBUNG_MAKS apart."""

    def ensure_connected(self, conn):
        conn.ensure_connection = functools.partial(
            conn.ensure_connection,
            interval_start=1,
            interval_step=1,
            interval_max=JEDA_SAMBUNG_MAKS,
        )
        return super().ensure_connected(conn)


class KirimUlangSaatTersambung(bootsteps.StartStopStep):
    """Each time the consumer connects (start, and after losing the broker), before it
    takes tasks: photos still waiting are sent again (pendataan.foto.foto_antrekan_menunggu)."""

    requires = ("celery.worker.consumer.tasks:Tasks",)

    def start(self, c) -> None:
        from django.db import connections

        from pendataan.foto import foto_antrekan_menunggu

        try:
            dikirim = foto_antrekan_menunggu()
        except Exception:
            # The database may be down too; beat's round sends them later.
            logger.exception("foto yang menunggu tidak bisa dikirim ulang")
        else:
            logger.info("tersambung ke broker: %d foto menunggu dikirim ulang", dikirim)
        finally:
            # The main process does not keep a connection its pool processes could inherit.
            connections.close_all()
