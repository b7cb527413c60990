package io.eventwire.autoconfigure;

import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Admin clients for eventwire's questions to Kafka (offsets, partitions), from Spring Boot's
 * {@code KafkaAdmin} settings: each user creates one when it asks and closes it, so none stays open
 * while idle.
 */
public final class KafkaAdmins {

	private KafkaAdmins() {
	}

	/**
	 * @param kafkaAdmin Boot's KafkaAdmin, resolved at the first question
	 * @return creates an admin client; the caller closes it
	 */
	public static Supplier<Admin> clients(ObjectProvider<KafkaAdmin> kafkaAdmin) {
		return () -> Admin.create(kafkaAdmin.getObject().getConfigurationProperties());
	}

}
