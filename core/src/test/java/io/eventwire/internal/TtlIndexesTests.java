package io.eventwire.internal;

import java.time.Duration;

import com.mongodb.MongoCommandException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * A changed retention applies to the existing TTL index: the answer a real MongoDB gives to an
 * index with another expireAfterSeconds (IndexOptionsConflict, code 85) leads to collMod. (The
 * embedded server accepts the conflicting index silently; a Testcontainers test checks the real
 * server's answer.)
 */
class TtlIndexesTests {

	private final MongoDatabase database = mock(MongoDatabase.class);

	@SuppressWarnings("unchecked")
	private final MongoCollection<Document> collection = mock(MongoCollection.class);

	@Test
	void aNewIndexIsCreatedWithTheRetention() {
		given(this.database.getCollection("eventwire_inbox")).willReturn(this.collection);

		TtlIndexes.ensure(this.database, "eventwire_inbox", "handled_at", Duration.ofDays(2), new MissingPrivileges());

		ArgumentCaptor<IndexOptions> options = ArgumentCaptor.forClass(IndexOptions.class);
		verify(this.collection).createIndex(any(Bson.class), options.capture());
		assertThat(options.getValue().getExpireAfter(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(172_800);
		verify(this.database, never()).runCommand(any(Bson.class));
	}

	@Test
	void anIndexWithAnotherRetentionIsChangedInPlace() {
		given(this.database.getCollection("eventwire_outbox")).willReturn(this.collection);
		given(this.collection.createIndex(any(Bson.class), any(IndexOptions.class))).willThrow(conflict(85));

		TtlIndexes.ensure(this.database, "eventwire_outbox", "published_at", Duration.ofDays(1), new MissingPrivileges());

		ArgumentCaptor<Bson> command = ArgumentCaptor.forClass(Bson.class);
		verify(this.database).runCommand(command.capture());
		assertThat((Document) command.getValue()).isEqualTo(new Document("collMod", "eventwire_outbox").append("index",
				new Document("keyPattern", new Document("published_at", 1)).append("expireAfterSeconds", 86_400L)));
	}

	@Test
	void aCollModRefusedForLackOfPrivilegesLeavesTheIndexAndIsRecordedOnce() {
		given(this.database.getCollection("eventwire_outbox")).willReturn(this.collection);
		given(this.collection.createIndex(any(Bson.class), any(IndexOptions.class))).willThrow(conflict(85));
		given(this.database.runCommand(any(Bson.class))).willThrow(conflict(13));
		MissingPrivileges privileges = new MissingPrivileges();

		TtlIndexes.ensure(this.database, "eventwire_outbox", "published_at", Duration.ofDays(1), privileges);
		TtlIndexes.ensure(this.database, "eventwire_outbox", "published_at", Duration.ofDays(1), privileges);

		assertThat(privileges.all()).singleElement()
			.asString()
			.contains("collMod: \"eventwire_outbox\"", "expireAfterSeconds: 86400", "dbAdmin");
	}

	@Test
	void otherFailuresAreNotMistakenForARetentionChange() {
		given(this.database.getCollection("eventwire_outbox")).willReturn(this.collection);
		given(this.collection.createIndex(any(Bson.class), any(IndexOptions.class))).willThrow(conflict(2));

		assertThatExceptionOfType(MongoCommandException.class)
			.isThrownBy(() -> TtlIndexes.ensure(this.database, "eventwire_outbox", "published_at", Duration.ofDays(1), new MissingPrivileges()));
		verify(this.database, never()).runCommand(any(Bson.class));
	}

	private static MongoCommandException conflict(int code) {
		return new MongoCommandException(new BsonDocument("ok", new BsonDouble(0)).append("code", new BsonInt32(code))
			.append("codeName", new BsonString("IndexOptionsConflict"))
			.append("errmsg", new BsonString("An equivalent index already exists with the same name but different options")),
				new ServerAddress());
	}

}
