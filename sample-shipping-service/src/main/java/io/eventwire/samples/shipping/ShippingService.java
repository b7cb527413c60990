package io.eventwire.samples.shipping;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.eventwire.PublishesEvent;
import io.eventwire.correlation.CorrelationId;
import io.eventwire.outbox.EventOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Creates shipments for placed orders and dispatches them.
 */
@Service
@PublishesEvent(topic = ShippingService.SHIPMENTS_TOPIC, type = "shipment_created", payload = ShipmentEvent.class)
@PublishesEvent(topic = ShippingService.SHIPMENTS_TOPIC, type = "shipment_dispatched", payload = ShipmentEvent.class)
public class ShippingService {

	/** The topic of shipment events. */
	public static final String SHIPMENTS_TOPIC = "shipments";

	private static final Logger logger = LoggerFactory.getLogger(ShippingService.class);

	private final MongoTemplate mongo;

	private final EventOutbox outbox;

	private final Set<String> countries;

	private final Duration dispatchDelay;

	private final Clock clock = Clock.systemUTC();

	ShippingService(MongoTemplate mongo, EventOutbox outbox, @Value("${shipping.countries}") Set<String> countries,
			@Value("${shipping.dispatch-delay}") Duration dispatchDelay) {
		this.mongo = mongo;
		this.outbox = outbox;
		this.countries = Set.copyOf(countries);
		this.dispatchDelay = dispatchDelay;
	}

	/**
	 * Create the order's shipment, once: a redelivered order finds it and does nothing.
	 * @param order the placed order
	 * @throws UnshippableOrderException if the order cannot be shipped where it should go
	 */
	public void createShipment(OrderPlaced order) {
		if (!this.countries.contains(order.country())) {
			throw new UnshippableOrderException(
					"Cannot ship order " + order.orderId() + " to " + order.country() + ": we ship to " + this.countries);
		}
		Shipment shipment = new Shipment(order.orderId(), UUID.randomUUID().toString(), order.country(),
				ShipmentStatus.CREATED, CorrelationId.current().orElseGet(CorrelationId::generate), this.clock.instant());
		try {
			this.mongo.insert(shipment);
		}
		catch (DuplicateKeyException ex) {
			logger.info("Order {} already has a shipment; nothing to do", order.orderId());
			return;
		}
		this.outbox.publish(SHIPMENTS_TOPIC, "shipment_created", order.orderId(),
				new ShipmentEvent(shipment.shipmentId(), order.orderId(), order.country()));
		logger.info("Created shipment {} for order {}", shipment.shipmentId(), order.orderId());
	}

	/**
	 * Dispatch shipments that waited long enough. Runs on a scheduler thread, where no correlation
	 * id is current: each shipment's event is published under the id of its order's flow.
	 */
	@Scheduled(fixedDelayString = "${shipping.dispatch-interval}")
	public void dispatchWaitingShipments() {
		Query waiting = Query.query(Criteria.where("status").is(ShipmentStatus.CREATED)
			.and("createdAt")
			.lte(this.clock.instant().minus(this.dispatchDelay)));
		for (Shipment shipment : this.mongo.find(waiting, Shipment.class)) {
			try (CorrelationId.Scope scope = CorrelationId.open(shipment.correlationId())) {
				boolean mine = this.mongo
					.updateFirst(Query.query(Criteria.where("_id").is(shipment.orderId()).and("status").is(ShipmentStatus.CREATED)),
							Update.update("status", ShipmentStatus.DISPATCHED), Shipment.class)
					.getModifiedCount() == 1;
				if (mine) {
					this.outbox.publish(SHIPMENTS_TOPIC, "shipment_dispatched", shipment.orderId(),
							new ShipmentEvent(shipment.shipmentId(), shipment.orderId(), shipment.country()));
					logger.info("Dispatched shipment {} of order {}", shipment.shipmentId(), shipment.orderId());
				}
			}
		}
	}

	/**
	 * @return all shipments, newest first
	 */
	public List<Shipment> findAll() {
		return this.mongo.find(new Query().with(Sort.by(Sort.Direction.DESC, "createdAt")), Shipment.class);
	}

}
