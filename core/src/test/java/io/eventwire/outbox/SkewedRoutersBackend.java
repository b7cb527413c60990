package io.eventwire.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * mongo-java-server as a database reached through routers whose clocks differ: each client (named
 * by its application name) is answered {@code hello} with a local time off by its router's skew,
 * as mongos routers with unsynchronized clocks answer, while the data and what the server stamps
 * in writes ({@code $currentDate}) keep the one clock of the database (which the test moves).
 */
final class SkewedRoutersBackend extends ClockedBackend {

	private final Clock clock;

	private final Map<String, Duration> skews;

	private final Map<Channel, Duration> channelSkews = new ConcurrentHashMap<>();

	SkewedRoutersBackend(Clock clock, Map<String, Duration> skews) {
		super(clock);
		this.clock = clock;
		this.skews = Map.copyOf(skews);
	}

	@Override
	public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
		Document answer = super.handleCommand(channel, databaseName, command, query);
		if (command.equalsIgnoreCase("hello") || command.equalsIgnoreCase("isMaster")) {
			if (query.get("client") instanceof Document client && client.get("application") instanceof Document app) {
				this.channelSkews.put(channel, this.skews.getOrDefault(String.valueOf(app.get("name")), Duration.ZERO));
			}
			Duration skew = this.channelSkews.getOrDefault(channel, Duration.ZERO);
			answer.put("localTime", this.clock.instant().plus(skew));
		}
		return answer;
	}

}
