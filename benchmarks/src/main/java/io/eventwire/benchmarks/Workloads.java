package io.eventwire.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Settings every benchmark context shares.
 */
final class Workloads {

	private Workloads() {
	}

	static String[] args(Infrastructure infrastructure, String database, String... more) {
		List<String> args = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers=" + infrastructure.brokers(),
				"--spring.mongodb.uri=" + infrastructure.mongoUri(database), "--eventwire.outbox.relay.enabled=false",
				"--spring.main.banner-mode=off", "--logging.level.root=warn", "--spring.application.name=bench"));
		args.addAll(Arrays.asList(more));
		return args.toArray(String[]::new);
	}

}
