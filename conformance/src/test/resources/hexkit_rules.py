"""hexkit 8.6's rules for the bytes on a Kafka topic, applied by an independent client.

Each rule is copied from hexkit's source (src/hexkit/providers/akafka/provider/):
  eventsub.py  key_deserializer   = lambda event_key: event_key.decode("ascii")
               value_deserializer = lambda event_value: json.loads(event_value.decode("ascii"))
               headers_as_dict    = {name: value.decode("ascii") for name, value in event.headers}
  eventpub.py  key_serializer     = lambda key: key.encode("ascii")
               value serializer   = json.dumps(value, default=...).encode("ascii")
               headers            = the given ones, then type, event_id, correlation_id,
                                    each value.encode("ascii")

Usage:
  hexkit_rules.py consume BROKERS TOPIC    one JSON line per record, from the beginning to the end
  hexkit_rules.py produce BROKERS TOPIC    one record per JSON line on standard input:
                                           {"key": ..., "payload": ..., "headers": [[name, value], ...]}
"""
import json
import sys
import uuid

from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition


def consume(brokers, topic):
    consumer = Consumer({"bootstrap.servers": brokers, "group.id": "hexkit-rules-" + str(uuid.uuid4()),
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    metadata = consumer.list_topics(topic, timeout=30)
    partitions = sorted(metadata.topics[topic].partitions)
    ends = {p: consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=30)[1] for p in partitions}
    consumer.assign([TopicPartition(topic, p, 0) for p in partitions])
    remaining = {p for p in partitions if ends[p] > 0}
    while remaining:
        msg = consumer.poll(30)
        if msg is None:
            raise SystemExit("no record within 30 s; still expecting partitions %s" % sorted(remaining))
        if msg.error():
            if msg.error().code() == KafkaError._PARTITION_EOF:
                continue
            raise SystemExit(str(msg.error()))
        out = {"partition": msg.partition(), "offset": msg.offset()}
        try:
            out["key"] = msg.key().decode("ascii") if msg.key() is not None else None
            out["value"] = json.loads(msg.value().decode("ascii"))
            out["headers"] = {name: value.decode("ascii") for name, value in (msg.headers() or [])}
        except Exception as error:  # what hexkit's consumer would raise
            out["error"] = "%s: %s" % (type(error).__name__, error)
        print(json.dumps(out), flush=True)
        if msg.offset() + 1 >= ends[msg.partition()]:
            remaining.discard(msg.partition())
    consumer.close()


def produce(brokers, topic):
    producer = Producer({"bootstrap.servers": brokers, "acks": "all"})
    failures = []
    for line in sys.stdin:
        if not line.strip():
            continue
        record = json.loads(line)
        headers = [(name, value.encode("ascii")) for name, value in record["headers"]]
        producer.produce(topic, key=record["key"].encode("ascii"), value=json.dumps(record["payload"]).encode("ascii"),
                         headers=headers, on_delivery=lambda err, msg: err and failures.append(str(err)))
    if producer.flush(30) > 0 or failures:
        raise SystemExit("not delivered: %s" % failures)


if __name__ == "__main__":
    {"consume": consume, "produce": produce}[sys.argv[1]](sys.argv[2], sys.argv[3])
