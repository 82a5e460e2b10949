#!/bin/bash
# The secured broker of docker-compose's "secure" profile: one KRaft node with SASL/SCRAM-SHA-512 on
# its client listeners, SASL/PLAIN on its controller listener, the StandardAuthorizer, the admin as
# only super user, and nobody else allowed anything without an ACL. The same settings as the
# embedded broker's (embedded-kafka BrokerSecurity), written for the apache/kafka image.
#
# Credentials come from `bin/mgmt secrets` (mounted at /secrets): KAFKA_ADMIN_PASSWORD in the
# environment, one SCRAM user per line in /secrets/scram-credentials. They are written into the
# storage when it is first formatted; to change them, remove the kafka-secure-data volume.
set -euo pipefail
: "${KAFKA_ADMIN_PASSWORD:?run bin/mgmt secrets and pass --env-file <dir>/compose.env}"
config=/tmp/server.properties
scram_login="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"${KAFKA_ADMIN_PASSWORD}\";"
cat > "$config" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:9093
controller.listener.names=CONTROLLER
listeners=INTERNAL://:19092,HOST://:9092,CONTROLLER://localhost:9093
advertised.listeners=INTERNAL://kafka-secure:19092,HOST://127.0.0.1:9092
listener.security.protocol.map=INTERNAL:SASL_PLAINTEXT,HOST:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
inter.broker.listener.name=INTERNAL
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.internal.scram-sha-512.sasl.jaas.config=${scram_login}
listener.name.host.scram-sha-512.sasl.jaas.config=${scram_login}
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="${KAFKA_ADMIN_PASSWORD}" user_admin="${KAFKA_ADMIN_PASSWORD}";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:admin
allow.everyone.if.no.acl.found=false
log.dirs=/var/lib/kafka/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPERTIES
scram=()
while IFS= read -r line; do
  [[ -z "$line" || "$line" == \#* ]] || scram+=(--add-scram "$line")
done < /secrets/scram-credentials
/opt/kafka/bin/kafka-storage.sh format --ignore-formatted -t "${KAFKA_CLUSTER_ID:-bXRtdC1idXMtc2VjdXJlMQ}" -c "$config" "${scram[@]}"
exec /opt/kafka/bin/kafka-server-start.sh "$config"
