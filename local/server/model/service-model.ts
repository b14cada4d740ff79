/**
 * AWS's service models, reduced to what the server needs (extract-model.ts writes them from
 * botocore's data): which operations exist, what their inputs may hold, what their outputs hold.
 */
import stepFunctionsModel from './stepfunctions.json';
import eventsModel from './events.json';

export interface Shape {
  type: string;
  /** member name -> shape name, in the model's order */
  members?: Record<string, string>;
  required?: string[];
  /** list member shape */
  member?: string;
  /** map key and value shapes */
  key?: string;
  value?: string;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  sensitive?: boolean;
  exception?: boolean;
}

export interface ServiceModel {
  targetPrefix: string;
  jsonVersion: string;
  apiVersion: string;
  operations: Record<string, { input?: string; output?: string }>;
  shapes: Record<string, Shape>;
}

export const STEP_FUNCTIONS_MODEL = stepFunctionsModel as ServiceModel;
export const EVENTS_MODEL = eventsModel as ServiceModel;
