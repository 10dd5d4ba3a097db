"""Imports every domain's models so that metadata (and Alembic) sees all tables."""

from marketplace.accounts.models import OneTimeCode, User  # noqa: F401
from marketplace.bookings.models import Booking  # noqa: F401
from marketplace.cart.models import Cart, CartItem  # noqa: F401
from marketplace.catalogue.models import Product, ProductCategory, ProductPhoto  # noqa: F401
from marketplace.chat.models import Conversation, InboundMessage  # noqa: F401
from marketplace.core.audit import AuditEvent  # noqa: F401
from marketplace.delivery.models import DeliverySlot, DeliveryTerms, SlotLoad  # noqa: F401
from marketplace.drives.models import Camp, Drive, DriveTarget, Partner  # noqa: F401
from marketplace.fulfilment.models import DeliveryRun, RunStop  # noqa: F401
from marketplace.media.models import StoredImage  # noqa: F401
from marketplace.notify.models import OutboxMessage  # noqa: F401
from marketplace.orders.models import (  # noqa: F401
    Order,
    OrderCounter,
    OrderLine,
    OrderPart,
    OrderStatusChange,
)
from marketplace.payments.models import Payment, ProcessedWebhookEvent  # noqa: F401
from marketplace.payouts.models import Payout, PayoutTerms  # noqa: F401
from marketplace.places.models import Block, LgdUpload, Panchayat, SubDivision, Village  # noqa: F401
from marketplace.reports.models import RegistrationTarget  # noqa: F401
from marketplace.shg.models import SelfHelpGroup, SHGMember  # noqa: F401
from marketplace.workers.models import (  # noqa: F401
    CategorySynonym,
    ContactReveal,
    ImportBatch,
    RateCard,
    Review,
    WorkerCategory,
    WorkerProfile,
)
