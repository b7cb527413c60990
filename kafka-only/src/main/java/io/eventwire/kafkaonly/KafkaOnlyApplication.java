package io.eventwire.kafkaonly;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A service with eventwire and Kafka, and no MongoDB on its class path: handlers, publishing,
 * retries, the dead-letter queue and key order, and no outbox or inbox.
 */
@SpringBootApplication
public class KafkaOnlyApplication {

	public static void main(String[] args) {
		SpringApplication.run(KafkaOnlyApplication.class, args);
	}

}
