package io.eventwire.autoconfigure.outbox;

import org.junit.jupiter.api.AfterAll;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ReadWriteRoleContract} on the test server, answering {@code collMod} as a real server
 * answers a {@code readWrite} user ({@link ReadWriteRoleBackend}).
 */
class ReadWriteRoleTests extends ReadWriteRoleContract {

	static final ReadWriteRoleBackend backend = new ReadWriteRoleBackend();

	static final EmbeddedMongo mongo = new EmbeddedMongo("read-write-role", backend);

	@Override
	String mongoUri() {
		return mongo.uri();
	}

	@AfterAll
	static void collModWasAskedForAndRefused() {
		try {
			assertThat(backend.refusedCollMods).hasPositiveValue();
		}
		finally {
			mongo.close();
		}
	}

}
