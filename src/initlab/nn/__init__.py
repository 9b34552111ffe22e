"""The engine: activations, layers (Dense, BatchNorm), losses, optimizers, the Network, training, gradcheck.

Everything is written by hand in the articles' notation (X is (n_features, m), W[l] is (n_l, n_{l−1})) for a
population of P networks at once, against the array namespace of :mod:`initlab.backend`.
"""

from initlab.nn.activations import ACTIVATIONS, Activation, get_activation
from initlab.nn.gradcheck import GradientCheck, check_architecture, gradient_check
from initlab.nn.losses import LOSSES, Loss, get_loss
from initlab.nn.network import Network, as_seeds
from initlab.nn.optimizers import OPTIMIZERS, Optimizer, get_optimizer
from initlab.nn.training import History, batch_stream, train

__all__ = [
    "ACTIVATIONS",
    "LOSSES",
    "OPTIMIZERS",
    "Activation",
    "GradientCheck",
    "History",
    "Loss",
    "Network",
    "Optimizer",
    "as_seeds",
    "batch_stream",
    "check_architecture",
    "get_activation",
    "get_loss",
    "get_optimizer",
    "gradient_check",
    "train",
]
