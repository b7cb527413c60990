package io.eventwire.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedSet;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import io.eventwire.testing.MutableClock;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shard leases against a real MongoDB wire server, with clocks the test moves.
 */
class ShardLeasesTests {

	private static final Duration LEASE = Duration.ofSeconds(10);

	private MongoServer server;

	private MongoClient client;

	private MongoTemplate mongo;

	private MutableClock clock;

	@BeforeEach
	void startMongo() {
		// The server's clock is the one leases are measured on: the test moves it.
		this.clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
		this.server = new MongoServer(new ClockedBackend(this.clock));
		this.client = MongoClients.create(this.server.bindAndGetConnectionString());
		this.mongo = new MongoTemplate(this.client, "leases");
	}

	@AfterEach
	void stopMongo() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void aSingleInstanceHoldsEveryShard() {
		assertThat(leases("a").refresh()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
	}

	@Test
	void twoInstancesShareTheShardsWithoutOverlap() {
		ShardLeases a = leases("a");
		ShardLeases b = leases("b");
		a.refresh();
		b.refresh();
		// a sees b's heartbeat and gives back what is above its share; b then takes it.
		SortedSet<Integer> heldByA = a.refresh();
		SortedSet<Integer> heldByB = b.refresh();
		assertThat(heldByA).hasSize(4);
		assertThat(heldByB).hasSize(4);
		Set<Integer> all = new HashSet<>(heldByA);
		all.addAll(heldByB);
		assertThat(all).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
	}

	@Test
	void aCrashedInstancesShardsAreTakenOverOnceItsLeasesExpire() {
		ShardLeases a = leases("a");
		ShardLeases b = leases("b");
		a.refresh();
		b.refresh();
		a.refresh();
		assertThat(b.refresh()).hasSize(4);
		// a crashes: it stops renewing. Before the lease expires, b may not take a's shards.
		this.clock.advance(LEASE.minusSeconds(1));
		assertThat(b.refresh()).hasSize(4);
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(b.refresh()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
	}

	@Test
	void renewingKeepsTheLeasesOfASlowBatch() {
		ShardLeases a = leases("a");
		assertThat(a.refresh()).hasSize(8);
		this.clock.advance(LEASE.minusSeconds(1));
		a.renew(8);
		assertThat(a.stillHeld()).isTrue();
		this.clock.advance(Duration.ofSeconds(5));
		// b starts while a is still busy: a's renewed leases hold, so b gets nothing yet.
		assertThat(leases("b").refresh()).isEmpty();
	}

	@Test
	void leasesCountAsHeldOnlyUntilTheirLocalDeadline() {
		// Measured on the monotonic clock: a process paused longer than its lease must not send on.
		ShardLeases a = new ShardLeases(this.mongo, "eventwire_outbox_leases", "a", 8, Duration.ofMillis(300));
		assertThat(a.stillHeld()).isFalse();
		assertThat(a.refresh()).hasSize(8);
		assertThat(a.stillHeld()).isTrue();
		await().atMost(Duration.ofSeconds(5)).until(() -> !a.stillHeld());
		a.renew(8);
		assertThat(a.stillHeld()).isTrue();
	}

	@Test
	void aRenewalThatMissesALeaseStopsSendingUntilTheNextRefresh() {
		ShardLeases a = leases("a");
		assertThat(a.refresh()).hasSize(8);
		this.clock.advance(LEASE.plusSeconds(1));
		// Expired meanwhile (by the database's dates): nothing is renewed, so nothing counts as held.
		a.renew(8);
		assertThat(a.stillHeld()).isFalse();
		assertThat(a.refresh()).hasSize(8);
		assertThat(a.stillHeld()).isTrue();
	}

	@Test
	void releasedLeasesAreTakenOverAtOnce() {
		ShardLeases a = leases("a");
		ShardLeases b = leases("b");
		a.refresh();
		b.refresh();
		a.refresh();
		b.refresh();
		a.releaseAll();
		assertThat(b.refresh()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
	}

	@Test
	void instancesWithAnotherShardCountTakeNothingWhileTheFirstCountsLeasesAreLive() {
		ShardLeases eight = leases("a");
		assertThat(eight.refresh()).hasSize(8);
		ShardLeases sixteen = new ShardLeases(this.mongo, "outbox_leases", "b", 16, LEASE);
		// A key's shard differs between the counts: holding both at once would let two instances send it.
		assertThat(sixteen.refresh()).isEmpty();
		assertThat(eight.refresh()).as("the running count keeps its shards").hasSize(8);
		eight.releaseAll();
		assertThat(sixteen.refresh()).hasSize(16);
		assertThat(leases("c").refresh()).as("now the old count waits").isEmpty();
	}

	@Test
	void leasesOfAnotherCountThatExpiredNoLongerCount() {
		leases("a").refresh();
		ShardLeases sixteen = new ShardLeases(this.mongo, "outbox_leases", "b", 16, LEASE);
		assertThat(sixteen.refresh()).isEmpty();
		// a crashed: once its leases expire on the server's clock, the new count takes over.
		this.clock.advance(LEASE.plusSeconds(1));
		assertThat(sixteen.refresh()).hasSize(16);
	}

	@Test
	void leasesOfAnEarlierVersionAreWaitedFor() {
		// Earlier versions leased "shard-<n>" and recorded no count: which keys they cover is unknown.
		this.mongo.getCollection("outbox_leases")
			.insertOne(new Document("_id", "shard-3").append("owner", "old")
				.append("expires", Date.from(this.clock.instant().plus(LEASE))));
		ShardLeases a = leases("a");
		assertThat(a.refresh()).isEmpty();
		this.clock.advance(LEASE.plusSeconds(1));
		assertThat(a.refresh()).hasSize(8);
	}

	@Test
	void ofTwoCountsThatTookLeasesAtOnceTheLaterGivesThemBack() {
		MongoCollection<Document> leases = this.mongo.getCollection("outbox_leases");
		// As if an instance with 16 shards took one a second before a, which did not see it yet.
		leases.insertOne(new Document("_id", "lease-16-0").append("owner", "b").append("shards", 16)
			.append("expires", Date.from(this.clock.instant().plus(LEASE)))
			.append("since", Date.from(this.clock.instant().minusSeconds(1))));
		assertThat(leases("a").refresh()).isEmpty();
		assertThat(leases.countDocuments(new Document("owner", "a"))).isZero();
	}

	private ShardLeases leases(String instance) {
		return new ShardLeases(this.mongo, "outbox_leases", instance, 8, LEASE);
	}

}
