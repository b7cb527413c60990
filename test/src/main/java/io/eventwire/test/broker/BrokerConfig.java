package io.eventwire.test.broker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The {@code server.properties} of a {@link KafkaBrokerProcess}: one KRaft node, broker and
 * controller, everything replicated once; with users, SASL/PLAIN logins and ACLs enforced.
 */
final class BrokerConfig {

	private static final String PLAIN_LOGIN = "org.apache.kafka.common.security.plain.PlainLoginModule required";

	private BrokerConfig() {
	}

	/**
	 * @param users the users besides the super user and their passwords, or {@code null} for a
	 * broker without logins or ACLs
	 * @return the lines of the configuration
	 */
	static List<String> lines(Path dataDirectory, int port, int controllerPort, @Nullable Map<String, String> users) {
		String listener = (users != null) ? "SASL_PLAINTEXT" : "PLAINTEXT";
		List<String> lines = new ArrayList<>(List.of("process.roles=broker,controller", "node.id=1",
				"controller.quorum.voters=1@localhost:" + controllerPort,
				"listeners=" + listener + "://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
				"advertised.listeners=" + listener + "://localhost:" + port, "controller.listener.names=CONTROLLER",
				"inter.broker.listener.name=" + listener,
				"listener.security.protocol.map=" + listener + ":" + listener + ",CONTROLLER:PLAINTEXT",
				"log.dirs=" + dataDirectory.resolve("data").toAbsolutePath(), "num.partitions=1",
				"offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1",
				"transaction.state.log.min.isr=1", "min.insync.replicas=1", "default.replication.factor=1",
				"group.initial.rebalance.delay.ms=0",
				// A broker killed with SIGKILL may register again only after its session timed out.
				"broker.session.timeout.ms=2000", "broker.heartbeat.interval.ms=500"));
		if (users != null) {
			// The broker's own login (as the super user), then every user it accepts.
			StringBuilder jaas = new StringBuilder(plainLogin(KafkaBrokerProcess.ADMIN, KafkaBrokerProcess.ADMIN_PASSWORD));
			jaas.append(" user_").append(KafkaBrokerProcess.ADMIN).append("=\"").append(KafkaBrokerProcess.ADMIN_PASSWORD)
				.append('"');
			users.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password)
				.append('"'));
			lines.addAll(List.of("sasl.enabled.mechanisms=PLAIN", "sasl.mechanism.inter.broker.protocol=PLAIN",
					"listener.name.sasl_plaintext.plain.sasl.jaas.config=" + jaas + ";",
					"authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
					// The controller listener is plaintext: its (in-process) peer is ANONYMOUS.
					"super.users=User:" + KafkaBrokerProcess.ADMIN + ";User:ANONYMOUS",
					"allow.everyone.if.no.acl.found=false"));
		}
		lines.add("");
		return lines;
	}

	/**
	 * @return the JAAS login module entry that logs in as that user with SASL/PLAIN, without the
	 * closing semicolon
	 */
	static String plainLogin(String user, String password) {
		return PLAIN_LOGIN + " username=\"" + user + "\" password=\"" + password + "\"";
	}

}
