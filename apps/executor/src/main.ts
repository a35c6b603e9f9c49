#!/usr/bin/env node
import { runService } from '@latigo/service-runtime';
import { executorService } from './service';

void runService(executorService);
