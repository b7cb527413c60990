package io.eventwire.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.eventwire.publish.EventRecordFactory;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoOperations;

/**
 * The service's stateful outbox collections, declared in MongoDB: each DAO's first write of a
 * process records its collection and topic in {@code <outbox collection>_stateful}, and every relay
 * instance relays every collection recorded there, also one whose DAO its own process never created
 * (a relay-only instance, or one that creates DAOs at the first request). The relay reads the
 * declarations again at most once per refresh interval.
 */
final class StatefulCollections {

	static final String TOPIC = "topic";

	private final MongoOperations mongo;

	private final String registry;

	private final Supplier<List<StatefulChanges>> local;

	private final EventRecordFactory records;

	private final long refreshNanos;

	// Only the relay thread reads and writes these.
	private final Map<String, StatefulChanges> declared = new LinkedHashMap<>();

	private long nextRefresh = System.nanoTime();

	/**
	 * @param local the collections of the DAOs this process created, which also relay what earlier
	 * versions stored
	 * @param refreshInterval how often the declarations are read again
	 */
	StatefulCollections(MongoOperations mongo, String registry, Supplier<List<StatefulChanges>> local,
			EventRecordFactory records, Duration refreshInterval) {
		this.mongo = mongo;
		this.registry = registry;
		this.local = local;
		this.records = records;
		this.refreshNanos = refreshInterval.toNanos();
	}

	/**
	 * @param outboxCollection the event outbox's collection
	 * @return the collection the stateful outbox collections are declared in
	 */
	static String registryOf(String outboxCollection) {
		return outboxCollection + "_stateful";
	}

	/**
	 * Declare a collection (idempotent).
	 */
	static void declare(MongoOperations mongo, String registry, String collection, String topic) {
		mongo.execute(registry, (declarations) -> declarations.updateOne(Filters.eq("_id", collection),
				Updates.combine(Updates.set(TOPIC, topic), Updates.set("declared_at", new Date())),
				new UpdateOptions().upsert(true)));
	}

	/**
	 * @return the collections whose documents mean the outbox is used: the declarations, and this
	 * process's DAOs' collections (which may hold changes an earlier version stored, undeclared)
	 */
	List<String> usedIfNotEmpty() {
		List<String> collections = new ArrayList<>();
		collections.add(this.registry);
		this.local.get().forEach((changes) -> collections.add(changes.collection()));
		return collections;
	}

	/**
	 * @return every stateful collection of the service: this process's DAOs', and those declared by
	 * any instance
	 */
	List<StatefulChanges> all() {
		if (System.nanoTime() - this.nextRefresh >= 0) {
			for (Document declaration : this.mongo.getCollection(this.registry).find()) {
				String collection = declaration.getString("_id");
				this.declared.computeIfAbsent(collection, (name) -> new StatefulChanges(this.mongo, name,
						declaration.getString(TOPIC), null, this.records));
			}
			this.nextRefresh = System.nanoTime() + this.refreshNanos;
		}
		Map<String, StatefulChanges> all = new LinkedHashMap<>();
		for (StatefulChanges changes : this.local.get()) {
			all.put(changes.collection(), changes);
		}
		this.declared.forEach(all::putIfAbsent);
		return new ArrayList<>(all.values());
	}

}
