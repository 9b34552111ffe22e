"""A population is P independent networks: member p equals the network trained alone with seed p."""

from __future__ import annotations

import numpy as np
import pytest

from initlab.nn import Network, train


def make(seeds, **kwargs):
    options = {"activation": "tanh", "loss": "bce", "weight_init": "he_normal", "bias_init": "normal(std=0.1)"}
    options.update(kwargs)
    return Network([2, 6, 4, 1], seeds=seeds, **options)


@pytest.fixture
def data(rng):
    X = rng.standard_normal((2, 40))
    Y = (X[0:1] * X[1:2] > 0).astype(float)
    return X, Y


@pytest.mark.parametrize(
    ("optimizer", "batch_size", "batchnorm"),
    [("sgd", None, False), ("adam", 8, False), ("momentum", 7, True), ("rmsprop", None, True)],
)
def test_member_equals_solo_run(data, optimizer, batch_size, batchnorm):
    X, Y = data
    seeds = [3, 11, 5]
    population = make(seeds, batchnorm=batchnorm)
    history = train(population, X, Y, optimizer, lr=0.05, steps=25, batch_size=batch_size)
    for p, seed in enumerate(seeds):
        solo = make([seed], batchnorm=batchnorm)
        solo_history = train(solo, X, Y, optimizer, lr=0.05, steps=25, batch_size=batch_size)
        for name, value in population.parameters().items():
            np.testing.assert_allclose(value[p], solo.parameters()[name][0], rtol=1e-12, atol=1e-15, err_msg=name)
        np.testing.assert_allclose(history.loss[:, p], solo_history.loss[:, 0], rtol=1e-12)


def test_members_start_from_their_own_seeds():
    net = make([0, 1])
    assert not np.allclose(net.W1[0], net.W1[1])
    assert np.array_equal(net.W1[1], make([1]).W1[0])


def test_same_seeds_give_bitwise_identical_histories(data):
    X, Y = data
    runs = []
    for _ in range(2):
        net = make(4)
        runs.append((train(net, X, Y, "adam", lr=0.01, steps=30, batch_size=10), net))
    (first, net1), (second, net2) = runs
    assert np.array_equal(first.loss, second.loss)
    assert np.array_equal(first.accuracy, second.accuracy)
    for name, value in net1.parameters().items():
        assert np.array_equal(value, net2.parameters()[name])


def test_minibatch_orders_differ_between_members(data):
    X, Y = data
    net = make([0, 0])  # same weights, so only the batch order could make them differ... and it must not
    history = train(net, X, Y, "sgd", lr=0.1, steps=10, batch_size=8)
    assert np.array_equal(history.loss[:, 0], history.loss[:, 1])


def test_a_diverging_member_is_marked_and_leaves_the_others_alone(data, recwarn):
    X, Y = data
    net = Network([2, 8, 1], "relu", "mse", "he_normal", seeds=[0, 1])
    net.W1 = np.stack([np.asarray(net.W1[0]), np.asarray(net.W1[1]) * 1e3])  # member 1 will blow up
    reference = Network([2, 8, 1], "relu", "mse", "he_normal", seeds=[0])
    history = train(net, X, Y, "sgd", lr=0.05, steps=40)
    reference_history = train(reference, X, Y, "sgd", lr=0.05, steps=40)
    assert history.diverged_at[0] is None
    assert history.diverged_at[1] is not None and history.diverged_at[1] > 0
    assert np.array_equal(history.loss[:, 0], reference_history.loss[:, 0])
    assert len(recwarn) == 0


def test_history_records_per_member_loss_and_accuracy(data):
    X, Y = data
    history = train(make(3), X, Y, "sgd", lr=0.5, steps=200)
    assert history.loss.shape == history.accuracy.shape == (200, 3)
    assert (history.loss[-1] < history.loss[0]).all()
    assert (history.accuracy[-1] > 0.8).all()
    assert history.seeds == [0, 1, 2]


def test_epochs_count_minibatches(data):
    X, Y = data  # m = 40
    history = train(make(1), X, Y, "sgd", lr=0.1, epochs=3, batch_size=16)
    assert history.steps == 3 * 3


def test_callback_sees_the_network_along_the_way(data):
    X, Y = data
    net = make(2)
    seen = []
    history = train(net, X, Y, "sgd", lr=0.5, steps=10, callback=lambda done: seen.append(
        (done, net.evaluate(X, Y)["loss"])), callback_every=4)
    assert [done for done, _ in seen] == [4, 8, 10]
    assert seen[-1][1].shape == (2,) and (seen[-1][1] < history.loss[0]).all()
