import { staffTour } from './support/staff-tour';

staffTour('es');
