package io.eventwire.samples.orders;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.eventwire.PublishesEvent;
import io.eventwire.correlation.CorrelationId;
import io.eventwire.outbox.EventOutbox;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.MongoTransactionManager;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Places orders and follows their shipments.
 */
@Service
@PublishesEvent(topic = OrderService.ORDERS_TOPIC, type = "order_placed", payload = OrderPlaced.class)
public class OrderService {

	/** The topic of order events. */
	public static final String ORDERS_TOPIC = "orders";

	private static final Logger logger = LoggerFactory.getLogger(OrderService.class);

	private final MongoTemplate mongo;

	private final EventOutbox outbox;

	private final @Nullable TransactionTemplate transactions;

	private final Clock clock;

	OrderService(MongoTemplate mongo, EventOutbox outbox, ObjectProvider<MongoTransactionManager> transactionManager) {
		this.mongo = mongo;
		this.outbox = outbox;
		MongoTransactionManager manager = transactionManager.getIfAvailable();
		this.transactions = (manager != null) ? new TransactionTemplate(manager) : null;
		this.clock = Clock.systemUTC();
	}

	/**
	 * Store the order and its {@code order_placed} event: in one transaction when MongoDB runs as a
	 * replica set and a transaction manager is configured ({@code orders.transactions=true}).
	 * @param request the order
	 * @return the stored order
	 */
	public Order place(PlaceOrder request) {
		String id = UUID.randomUUID().toString();
		Order order = new Order(id, request.customer(), request.country(), request.items(), OrderStatus.PLACED, null,
				CorrelationId.current().orElseGet(CorrelationId::generate), this.clock.instant());
		if (this.transactions != null) {
			this.transactions.executeWithoutResult((status) -> store(order));
		}
		else {
			store(order);
		}
		logger.info("Placed order {} for {} ({} items)", id, order.customer(), order.items().size());
		return order;
	}

	private void store(Order order) {
		this.mongo.insert(order);
		this.outbox.publish(ORDERS_TOPIC, "order_placed", order.id(),
				new OrderPlaced(order.id(), order.customer(), order.country(), order.items()));
	}

	/**
	 * @param id an order id
	 * @return the order, if it exists
	 */
	public Optional<Order> find(String id) {
		return Optional.ofNullable(this.mongo.findById(id, Order.class));
	}

	/**
	 * @return all orders, newest first
	 */
	public List<Order> findAll() {
		return this.mongo.find(new Query().with(Sort.by(Sort.Direction.DESC, "placedAt")), Order.class);
	}

	/**
	 * Record a shipment's progress. Idempotent, and never moves an order back: a redelivered or late
	 * {@code shipment_created} does not undo {@code DISPATCHED}.
	 * @param orderId the order
	 * @param shipmentId its shipment
	 * @param status the new status
	 */
	public void shipmentProgressed(String orderId, String shipmentId, OrderStatus status) {
		List<String> earlier = java.util.Arrays.stream(OrderStatus.values())
			.filter((candidate) -> candidate.ordinal() < status.ordinal())
			.map(Enum::name)
			.toList();
		long updated = this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(orderId).and("status").in(earlier)),
					new Update().set("status", status).set("shipmentId", shipmentId), Order.class)
			.getModifiedCount();
		if (updated > 0) {
			logger.info("Order {} is now {} (shipment {})", orderId, status, shipmentId);
		}
		else {
			logger.info("Order {} already past {}; nothing to do", orderId, status);
		}
	}

}
