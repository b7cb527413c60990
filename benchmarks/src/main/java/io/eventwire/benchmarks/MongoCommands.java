package io.eventwire.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.LongAdder;

import com.mongodb.MongoClientSettings;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;

/**
 * Counts the MongoDB commands every client of the benchmark's contexts sends, and the bytes of the
 * commands and their replies (a driver command listener, registered in each context). Sizing a
 * command that is not already raw BSON encodes it: the CPU time that takes is counted too, so that
 * it can be taken out of the application's CPU time. The harness's own queries (is everything
 * delivered yet?) run {@link #uncounted uncounted}.
 */
final class MongoCommands implements MongoClientSettingsBuilderCustomizer, CommandListener {

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private final LongAdder commands = new LongAdder();

	private final LongAdder bytes = new LongAdder();

	private final LongAdder sizingNanos = new LongAdder();

	private final ThreadLocal<Boolean> harness = ThreadLocal.withInitial(() -> false);

	@Override
	public void customize(MongoClientSettings.Builder settings) {
		if (!Boolean.getBoolean("benchmarks.noMongoListener")) {
			settings.addCommandListener(this);
		}
	}

	@Override
	public void commandStarted(CommandStartedEvent event) {
		if (this.harness.get()) {
			return;
		}
		this.commands.increment();
		this.bytes.add(size(event.getCommand()));
	}

	@Override
	public void commandSucceeded(CommandSucceededEvent event) {
		if (!this.harness.get()) {
			this.bytes.add(size(event.getResponse()));
		}
	}

	private long size(BsonDocument document) {
		if (document instanceof RawBsonDocument raw) {
			return raw.getByteBuffer().remaining();
		}
		long started = THREADS.getCurrentThreadCpuTime();
		long size = new RawBsonDocument(document, new BsonDocumentCodec()).getByteBuffer().remaining();
		this.sizingNanos.add(THREADS.getCurrentThreadCpuTime() - started);
		return size;
	}

	/**
	 * Run one of the harness's own queries without counting it.
	 */
	<T> T uncounted(java.util.function.Supplier<T> query) {
		this.harness.set(true);
		try {
			return query.get();
		}
		finally {
			this.harness.set(false);
		}
	}

	long commands() {
		return this.commands.sum();
	}

	long bytes() {
		return this.bytes.sum();
	}

	/** @return the CPU time spent sizing commands here, not by the application */
	long sizingNanos() {
		return this.sizingNanos.sum();
	}

}
