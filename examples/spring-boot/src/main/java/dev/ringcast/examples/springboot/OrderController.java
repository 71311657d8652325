package dev.ringcast.examples.springboot;

import dev.ringcast.core.EventHub;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Places orders: each one is published as an event {@code placed} on topic {@code orders}. */
@RestController
class OrderController {

    /** An order as the event carries it; the mapper writes {@code customer_name}, {@code placed_at}. */
    record Order(String id, String customerName, String item, Instant placedAt) {
    }

    /** What a client sends. */
    record PlaceOrder(String customerName, String item) {
    }

    private final EventHub hub;

    OrderController(EventHub hub) {
        this.hub = hub;
    }

    @PostMapping("/orders")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> place(@RequestBody PlaceOrder request) {
        Order order = new Order(UUID.randomUUID().toString(), request.customerName(), request.item(), Instant.now());
        long eventId = hub.publish("orders", "placed", order).id();
        return Map.of("order", order.id(), "eventId", eventId);
    }
}
