package com.example.payments;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import org.springframework.stereotype.Component;

@Component
@EventTranslator(topics = "orders")
public class Payments {

	public record OrderPlaced(String orderId, long amountCents) {
	}

	private final List<OrderPlaced> charged = new CopyOnWriteArrayList<>();

	private final EventPublisher events;

	Payments(EventPublisher events) {
		this.events = events;
	}

	@OnEvent("order_placed")
	void charge(OrderPlaced order) {
		this.charged.add(order);
		this.events.publish("payments", "payment_charged", order.orderId(), order);
	}

	public List<OrderPlaced> charged() {
		return this.charged;
	}

}
