package io.mailmesh.orders;

final class Shapes {
    private Shapes() {
    }

    static void require(OrderType type, PayloadShape shape) {
        if (type == null || type.shape() != shape) {
            throw new IllegalArgumentException("order " + type + " does not travel in the " + shape + " shape");
        }
    }
}
