package com.example.payments;

import java.time.Duration;

import io.eventwire.EventPublisher;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(properties = { "spring.application.name=payments",
		"spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
		"spring.autoconfigure.exclude=org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration,"
				+ "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration" })
@EmbeddedKafka(topics = "orders")
class PaymentsTests {

	@Autowired
	EventPublisher publisher;

	@Autowired
	Payments payments;

	@Test
	void anOrderIsCharged() {
		this.publisher.publish("orders", "order_placed", "o-1", new Payments.OrderPlaced("o-1", 4200));
		await().atMost(Duration.ofSeconds(30)).until(() -> !this.payments.charged().isEmpty());
		assertThat(this.payments.charged()).containsExactly(new Payments.OrderPlaced("o-1", 4200));
	}

}
