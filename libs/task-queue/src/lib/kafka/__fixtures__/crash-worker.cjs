// A task consumer in its own process, for the test that SIGKILLs it with tasks in flight.
// env: WORKER_SETTINGS (KafkaSettings as JSON), WORKER_JOURNAL (file). Appends "start <id>" and
// "done <id>" lines synchronously, so the file shows exactly what finished before the kill.
require('./ts-register.cjs');
const { appendFileSync } = require('node:fs');
const { createKafkaTaskQueue } = require('../kafka-task-queue.ts');

const settings = JSON.parse(process.env.WORKER_SETTINGS);
const journal = process.env.WORKER_JOURNAL;
const queue = createKafkaTaskQueue({ settings });
const consumer = queue.consumer();

consumer
  .run(
    async (task) => {
      appendFileSync(journal, `start ${task.taskId}\n`);
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.floor(Math.random() * 300)));
      appendFileSync(journal, `done ${task.taskId}\n`);
    },
    { concurrency: 8 },
  )
  .then(() => appendFileSync(journal, 'running\n'))
  .catch((error) => {
    process.stderr.write(`worker failed: ${error.stack}\n`);
    process.exit(1);
  });
